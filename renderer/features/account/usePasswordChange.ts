import { useState } from 'react';
import { NewPassword } from '../../../services/contracts';
import { errorText } from '../../app/api';
import { useAppDispatch } from '../../app/hooks';
import { passwordChanged } from '../session/sessionSlice';
import { useChangePasswordMutation } from './accountApi';

export type PasswordChangeFields = Readonly<{ current: string; next: string; repeat: string }>;

/** Checks the new password here first (same rule as the hub), then asks the hub; `error` says what to fix. */
export function usePasswordChange(onDone: () => void) {
  const dispatch = useAppDispatch();
  const [change, { isLoading }] = useChangePasswordMutation();
  const [error, setError] = useState<string | null>(null);

  const submit = async ({ current, next, repeat }: PasswordChangeFields): Promise<void> => {
    const checked = NewPassword.safeParse(next);
    if (!checked.success) return setError(`The new password needs ${checked.error.issues[0]?.message ?? 'at least 8 characters'}.`);
    if (next !== repeat) return setError('The two new passwords are not the same.');
    if (next === current) return setError('Choose a password different from the current one.');
    setError(null);
    try {
      await change({ currentPassword: current, newPassword: next }).unwrap();
      dispatch(passwordChanged());
      onDone();
    } catch (e) {
      const text = errorText(e);
      setError(text.charAt(0).toUpperCase() + text.slice(1) + (/[.!?]$/.test(text) ? '' : '.'));
    }
  };
  return { submit, error, busy: isLoading };
}
