import type { ShipToDraft } from '../orderDraft.ts';
import type { Customer } from '../types.ts';

/** Where the goods go: the customer's own address (the default) or another one. */
export function ShipToFields({ value, customer, onChange, invalidField }: { value: ShipToDraft; customer: Customer | null; onChange: (v: ShipToDraft) => void; invalidField?: string | null }) {
  const set = (k: keyof Omit<ShipToDraft, 'other'>) => (e: { target: { value: string } }) => onChange({ ...value, [k]: e.target.value });
  const own = customer ? [customer.address_line, [customer.postal_code, customer.city].filter(Boolean).join(' '), customer.region, customer.country].filter(Boolean).join(', ') : '';
  const bad = (f: string) => (invalidField === `ship_to.${f}` ? 'invalid' : undefined);
  return (
    <div className="ship-to" data-testid="ship-to">
      <div className="radio-row">
        <label className="checkbox">
          <input type="radio" name="ship-to" checked={!value.other} onChange={() => onChange({ ...value, other: false })} data-testid="ship-to-customer" />
          <span>
            Customer’s address{own ? <span className="muted">: {own}</span> : customer ? <span className="text-bad"> (the customer has no address on file)</span> : null}
          </span>
        </label>
        <label className="checkbox">
          <input
            type="radio"
            name="ship-to"
            checked={value.other}
            onChange={() => onChange(value.country || !customer ? { ...value, other: true } : { ...value, other: true, name: customer.name, address_line: customer.address_line ?? '', postal_code: customer.postal_code ?? '', city: customer.city ?? '', region: customer.region ?? '', country: customer.country })}
            data-testid="ship-to-other"
          />
          Another address
        </label>
      </div>
      {value.other && (
        <div className="form-grid ship-to-grid">
          <label className="field grow">
            <span>Name</span>
            <input value={value.name} onChange={set('name')} data-testid="ship-to-name" />
          </label>
          <label className="field grow">
            <span>Street</span>
            <input value={value.address_line} onChange={set('address_line')} className={bad('address_line')} data-testid="ship-to-address" />
          </label>
          <label className="field">
            <span>Postal code</span>
            <input value={value.postal_code} onChange={set('postal_code')} className={bad('postal_code')} data-testid="ship-to-postal-code" />
          </label>
          <label className="field">
            <span>City</span>
            <input value={value.city} onChange={set('city')} className={bad('city')} data-testid="ship-to-city" />
          </label>
          <label className="field">
            <span>Region / state</span>
            <input value={value.region} onChange={set('region')} placeholder="e.g. NY" maxLength={3} data-testid="ship-to-region" />
          </label>
          <label className="field">
            <span>
              Country<span className="required" aria-hidden="true"> *</span>
            </span>
            <input value={value.country} onChange={set('country')} maxLength={2} placeholder="DE" className={bad('country')} data-testid="ship-to-country" />
          </label>
        </div>
      )}
    </div>
  );
}
