import type { InputHTMLAttributes } from 'react';

interface Props extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value'> {
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string;
  wide?: boolean;
}

/** A labelled text input. */
export function TextField({ label, value, onChange, hint, wide, className, ...rest }: Props) {
  return (
    <label className={['field', wide ? 'grow' : '', className ?? ''].filter(Boolean).join(' ')}>
      <span>
        {label}
        {rest.required && <span className="required" aria-hidden="true"> *</span>}
      </span>
      <input value={value} onChange={(e) => onChange(e.target.value)} {...rest} />
      {hint && <small className="hint">{hint}</small>}
    </label>
  );
}
