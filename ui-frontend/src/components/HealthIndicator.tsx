import { useHealth } from '../hooks/useHealth';

const TEXT = { up: 'Catalog up', down: 'Catalog down', unreachable: 'Sluice unreachable' };

/** A quiet indicator in the top bar: green while the catalog answers. */
export function HealthIndicator() {
  const health = useHealth();
  if (!health) return null;
  return (
    <span className={`health health--${health.status}`} title={health.detail}>
      <span className="health__dot" aria-hidden="true" />
      {TEXT[health.status]}
    </span>
  );
}
