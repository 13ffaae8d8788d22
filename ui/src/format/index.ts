export { balancePreview, formatMoney, moneySign, normaliseMoneyInput } from './money';
export { formatDate, formatDateTime, formatDateTimeSeconds, toDateInputValue, todayInputValue, type DateOptions } from './date';
export { formatCount, formatPercentText, percentOf } from './number';
export { FIELD_LABELS, STATUS_LABELS, fieldLabel, fieldMessage, humanise } from './labels';
export { DEFAULT_REGION, REGION_NAMES, datePattern, deskRegion, formatDay, parseDay, setDeskRegion } from './region';
