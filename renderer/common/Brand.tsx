import { useT } from '../i18n';

/** The product mark at the left of every top bar (desk, supervisor console, admin console). */
export function Brand() {
  const { t } = useT();
  return (
    <div className="brand" aria-label={t('brand')}>
      <span className="brand-mark" aria-hidden="true">
        S
      </span>
      {t('brand')}
    </div>
  );
}

/** The larger mark on the sign-in cards; decorative there (the card's heading says where you are). */
export function BrandLarge() {
  const { t } = useT();
  return (
    <div className="brand brand-large" aria-hidden="true">
      <span className="brand-mark">S</span> {t('brand')}
    </div>
  );
}
