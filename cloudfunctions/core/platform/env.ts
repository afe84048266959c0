// Function environment variables (set per function in the CloudBase console).
export const setupToken = (): string | undefined => process.env.TONGSHI_SETUP_TOKEN || undefined;
export const companyName = (): string => process.env.TONGSHI_COMPANY_NAME || '同事';
