import { useState } from 'react';
import { NewPassword } from '../../../services/contracts';
import { errorText } from '../../app/api';
import { useAppDispatch } from '../../app/hooks';
import { useT } from '../../i18n';
import { passwordChanged } from '../session/sessionSlice';
import { useChangePasswordMutation } from './accountApi';

export type PasswordChangeFields = Readonly<{ current: string; next: string; repeat: string }>;

/** Checks the new password here first (same rule as the hub), then asks the hub; `error` says what to fix. */
export function usePasswordChange(onDone: () => void) {
  const dispatch = useAppDispatch();
  const { t } = useT('account');
  const [change, { isLoading }] = useChangePasswordMutation();
  const [error, setError] = useState<string | null>(null);

  const submit = async ({ current, next, repeat }: PasswordChangeFields): Promise<void> => {
    const checked = NewPassword.safeParse(next);
    if (!checked.success) return setError(checked.error.issues[0]?.code === 'too_big' ? t('errors.tooLong') : t('errors.tooShort'));
    if (next !== repeat) return setError(t('errors.mismatch'));
    if (next === current) return setError(t('errors.same'));
    setError(null);
    try {
      await change({ currentPassword: current, newPassword: next }).unwrap();
      dispatch(passwordChanged());
      onDone();
    } catch (e) {
      // The hub's own words, as it sends them, made into a sentence.
      const text = errorText(e);
      setError(text.charAt(0).toUpperCase() + text.slice(1) + (/[.!?]$/.test(text) ? '' : '.'));
    }
  };
  return { submit, error, busy: isLoading };
}
