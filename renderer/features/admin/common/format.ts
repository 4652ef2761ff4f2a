/** "3 Dec 2026, 09:14:05" in the desk's locale: the audit log and agent details show exact times. */
export function dateTime(ms: number): string {
  return new Date(ms).toLocaleString(undefined, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

/** Role names as people say them. */
export function roleLabel(role: 'agent' | 'supervisor' | 'admin'): string {
  switch (role) {
    case 'agent':
      return 'Agent';
    case 'supervisor':
      return 'Supervisor';
    case 'admin':
      return 'Administrator';
  }
}
