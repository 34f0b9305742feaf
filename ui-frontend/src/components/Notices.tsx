import { useNotices } from '../store/notices';
import { ProblemNotice } from './ProblemNotice';

export function Notices() {
  const notices = useNotices((s) => s.notices);
  const dismiss = useNotices((s) => s.dismiss);
  if (notices.length === 0) return null;
  return (
    <div className="notices" aria-label="Notifications">
      {notices.map((n) => (
        <ProblemNotice key={n.id} error={n.error} onDismiss={() => dismiss(n.id)} />
      ))}
    </div>
  );
}
