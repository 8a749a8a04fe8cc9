export { maskIdNumber, maskMobile, maskPersonName, maskBankAccount } from './masking.ts';
