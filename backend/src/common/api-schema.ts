/** A timestamp as it reaches JSON (an ISO 8601 string), for `@ApiProperty(DATE_TIME)` on response classes. */
export const DATE_TIME = { type: String, format: 'date-time' } as const;
