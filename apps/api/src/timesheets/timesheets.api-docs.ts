export const RULES_409 = 'The day would exceed 24 h, the period is closed, or the project is closed (`code` says which)';
export const RULES_422 = 'Not employed that day, not assigned to the project, a future date, or not your timesheet (`code` says which)';
