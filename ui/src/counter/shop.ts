import { useDeskSettings } from '../settings/queries';

/** The shop's name as receipts print it: the desk settings' (a supervisor sets it). */
export function useShopName(): string {
  const settings = useDeskSettings();
  return settings.data?.shop_name ?? 'Infora WiFi';
}
