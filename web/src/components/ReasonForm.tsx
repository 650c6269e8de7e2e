import { useState, type FormEvent } from 'react';

interface Props {
  label: string;
  submitLabel: string;
  busy: boolean;
  danger?: boolean;
  required?: boolean;
  onSubmit: (reason: string) => void;
  onCancel: () => void;
  testId?: string;
}

/** An inline form that asks why (releasing a held order, cancelling, unapplying a payment). */
export function ReasonForm({ label, submitLabel, busy, danger, required = true, onSubmit, onCancel, testId }: Props) {
  const [reason, setReason] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (required && !reason.trim()) return;
    onSubmit(reason.trim());
  };
  return (
    <form className="inline-form" onSubmit={submit} data-testid={testId}>
      <label className="field grow">
        <span>{label}</span>
        <input autoFocus value={reason} onChange={(e) => setReason(e.target.value)} required={required} placeholder="Reason" name="reason" />
      </label>
      <div className="form-buttons">
        <button type="submit" className={danger ? 'button button-danger' : 'button button-primary'} disabled={busy || (required && !reason.trim())}>
          {busy ? 'Working…' : submitLabel}
        </button>
        <button type="button" className="button" onClick={onCancel} disabled={busy}>
          Back
        </button>
      </div>
    </form>
  );
}
