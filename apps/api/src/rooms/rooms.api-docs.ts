/** How the booking routes document a broken booking rule (their problem `code`s are rooms.*). */
export const RULES_422 =
  'A booking rule is broken: outside working hours, a holiday of the office calendar, too short/long, too far ahead, in the past, over capacity, not organizer (`code` rooms.*)';
export const RULES_409 = 'The slot is taken (also by the buffer), the daily limit is reached, or the booking is no longer in a state that allows it';
