import { useDeskSettings } from '../settings/queries';

/** The shop's name as receipts print it: the desk settings' (a supervisor sets it). */
export function useShopName(): string {
  const settings = useDeskSettings();
  const named = (settings.data as { shop_name?: string } | undefined)?.shop_name;
  return named ?? 'Infora WiFi';
}
