/** Every error the API can answer with, by stable code; mapped to HTTP status only at the edge. */
export enum ErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  NestingTooDeep = 'NESTING_TOO_DEEP',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  MethodNotAllowed = 'METHOD_NOT_ALLOWED',
  CprNotAllowed = 'CPR_NOT_ALLOWED',
  CaseNotFound = 'CASE_NOT_FOUND',
  CaseExists = 'CASE_EXISTS',
  CaseClosed = 'CASE_CLOSED',
  InvalidEvent = 'INVALID_EVENT',
  EventIdConflict = 'EVENT_ID_CONFLICT',
  EventInFuture = 'EVENT_IN_FUTURE',
  EventNotAdmissible = 'EVENT_NOT_ADMISSIBLE',
  EventNotFound = 'EVENT_NOT_FOUND',
  ReasonRequired = 'REASON_REQUIRED',
  InvalidTimeline = 'INVALID_TIMELINE',
  InvalidCursor = 'INVALID_CURSOR',
  TemporalUnavailable = 'TEMPORAL_UNAVAILABLE',
  DatabaseUnavailable = 'DATABASE_UNAVAILABLE',
  ShuttingDown = 'SHUTTING_DOWN',
  NotFound = 'NOT_FOUND',
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  TaskNotFound = 'TASK_NOT_FOUND',
  TaskNotOpen = 'TASK_NOT_OPEN',
  TaskAssigned = 'TASK_ALREADY_ASSIGNED',
  PreconditionFailed = 'PRECONDITION_FAILED',
  PreconditionRequired = 'PRECONDITION_REQUIRED',
  WebhookNotFound = 'WEBHOOK_NOT_FOUND',
  WebhookUrlInternal = 'WEBHOOK_URL_INTERNAL',
  WebhookHostNotAllowed = 'WEBHOOK_HOST_NOT_ALLOWED',
  WebhookUrlNotHttps = 'WEBHOOK_URL_NOT_HTTPS',
  WebhookUrlCredentials = 'WEBHOOK_URL_CREDENTIALS',
  WebhooksDisabled = 'WEBHOOKS_DISABLED',
  CalendarFeedNotFound = 'CALENDAR_FEED_NOT_FOUND',
  TooManyStreams = 'TOO_MANY_STREAMS',
  ProgrammeNotFound = 'PROGRAMME_NOT_FOUND',
  TrialArmNotFound = 'TRIAL_ARM_NOT_FOUND',
  ReasonCodeNotFound = 'REASON_CODE_NOT_FOUND',
  ReasonNotEffective = 'REASON_NOT_EFFECTIVE',
  CaseTypeNotInProgramme = 'CASE_TYPE_NOT_IN_PROGRAMME',
  TrialEntryNotMet = 'TRIAL_ENTRY_NOT_MET',
  AlreadyEnrolled = 'ALREADY_ENROLLED',
  NotEnrolled = 'NOT_ENROLLED',
  UnknownTeam = 'UNKNOWN_TEAM',
  CaseNeedsAttention = 'CASE_NEEDS_ATTENTION',
  CaseEventLimit = 'CASE_EVENT_LIMIT',
  CasePayloadLimit = 'CASE_PAYLOAD_LIMIT',
  RateLimited = 'RATE_LIMITED',
  TooManyUserStreams = 'TOO_MANY_STREAMS_FOR_USER',
  RuleChangeNotFound = 'RULE_CHANGE_NOT_FOUND',
  RuleChangeInvalid = 'RULE_CHANGE_INVALID',
  RuleChangeWrongState = 'RULE_CHANGE_WRONG_STATE',
  RuleChangeRoleRequired = 'RULE_CHANGE_ROLE_REQUIRED',
  FourEyesRequired = 'FOUR_EYES_REQUIRED',
  SourcesRequired = 'SOURCES_REQUIRED',
  RuleSetNotVerified = 'RULE_SET_NOT_VERIFIED',
  RuleChangeNotPublished = 'RULE_CHANGE_NOT_PUBLISHED',
  Internal = 'INTERNAL',
}

export interface ErrorDetail {
  path?: string;
  field?: string;
  eventIndex?: number;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors: ErrorDetail[] = [],
  ) {
    super(message);
  }
}

const TITLES: Record<ErrorCode, [number, string]> = {
  [ErrorCode.ValidationFailed]: [400, 'The request is not valid'],
  [ErrorCode.PayloadTooLarge]: [413, 'The request body is larger than this route takes'],
  [ErrorCode.NestingTooDeep]: [400, 'The JSON body is nested too deeply'],
  [ErrorCode.UnsupportedMediaType]: [415, 'The request body has an unsupported media type or charset'],
  [ErrorCode.MethodNotAllowed]: [405, 'The method is not allowed on this resource'],
  [ErrorCode.CprNotAllowed]: [400, 'CPR numbers must not be sent to frist'],
  [ErrorCode.InvalidEvent]: [400, 'The event is not valid'],
  [ErrorCode.InvalidTimeline]: [400, 'The timeline is not valid'],
  [ErrorCode.InvalidCursor]: [400, 'The cursor is not valid'],
  [ErrorCode.EventInFuture]: [422, 'The event is dated in the future'],
  [ErrorCode.EventNotAdmissible]: [422, 'The event is not admissible for this case'],
  [ErrorCode.EventNotFound]: [404, 'No such event in this case'],
  [ErrorCode.ReasonRequired]: [400, 'A reason is required'],
  [ErrorCode.CaseNotFound]: [404, 'Case not found'],
  [ErrorCode.NotFound]: [404, 'Not found'],
  [ErrorCode.Unauthenticated]: [401, 'A valid bearer token is required'],
  [ErrorCode.Forbidden]: [403, 'Your role or teams do not allow this'],
  [ErrorCode.TaskNotFound]: [404, 'Task not found'],
  [ErrorCode.TaskNotOpen]: [409, 'The task is no longer open'],
  [ErrorCode.TaskAssigned]: [409, 'The task is assigned to someone else'],
  [ErrorCode.PreconditionFailed]: [412, 'The resource changed since you read it'],
  [ErrorCode.PreconditionRequired]: [428, 'Send If-Match with the ETag you read'],
  [ErrorCode.WebhookNotFound]: [404, 'Webhook subscription not found'],
  [ErrorCode.WebhookUrlInternal]: [
    400,
    'The receiver address is on an internal network (loopback, link-local or private)',
  ],
  [ErrorCode.WebhookHostNotAllowed]: [400, 'The receiver host is not on the allow-list'],
  [ErrorCode.WebhookUrlNotHttps]: [400, 'Webhook URLs must use https'],
  [ErrorCode.WebhookUrlCredentials]: [400, 'Webhook URLs must not carry credentials; the signature authenticates'],
  [ErrorCode.WebhooksDisabled]: [409, 'This installation sends no webhooks'],
  [ErrorCode.CalendarFeedNotFound]: [404, 'Calendar feed not found'],
  [ErrorCode.TooManyStreams]: [503, 'Too many open change streams'],
  [ErrorCode.ProgrammeNotFound]: [404, 'No such trial programme'],
  [ErrorCode.TrialArmNotFound]: [400, 'No such arm in this trial programme'],
  [ErrorCode.ReasonCodeNotFound]: [400, 'Not a fritagelse reason code of this trial programme'],
  [ErrorCode.ReasonNotEffective]: [422, 'The reason code is not in force on this date'],
  [ErrorCode.CaseTypeNotInProgramme]: [422, 'The trial programme does not take cases of this type'],
  [ErrorCode.TrialEntryNotMet]: [422, "The case does not meet the programme's entry rule on this date"],
  [ErrorCode.AlreadyEnrolled]: [409, 'The case already has an enrolment in this trial programme'],
  [ErrorCode.NotEnrolled]: [409, 'The case has no active enrolment in this trial programme on this date'],
  [ErrorCode.CaseExists]: [409, 'A case with this id exists with other facts'],
  [ErrorCode.CaseClosed]: [409, 'The case is closed'],
  [ErrorCode.EventIdConflict]: [409, 'The eventId was already used for a different event'],
  [ErrorCode.TemporalUnavailable]: [503, 'The workflow service is unavailable'],
  [ErrorCode.DatabaseUnavailable]: [503, 'The database is unavailable'],
  [ErrorCode.ShuttingDown]: [503, 'This API instance is shutting down; retry'],
  [ErrorCode.UnknownTeam]: [422, 'No such team in the team registry'],
  [ErrorCode.CaseNeedsAttention]: [422, 'The change was recorded but the case could not process it'],
  [ErrorCode.CaseEventLimit]: [422, 'The case holds as many events as one case may'],
  [ErrorCode.CasePayloadLimit]: [413, 'The case holds as much event data as one case may'],
  [ErrorCode.RateLimited]: [429, 'Too many requests'],
  [ErrorCode.TooManyUserStreams]: [429, 'You have too many open change streams'],
  [ErrorCode.RuleChangeNotFound]: [404, 'No such rule change'],
  [ErrorCode.RuleChangeInvalid]: [400, 'The rule change is not valid'],
  [ErrorCode.RuleChangeWrongState]: [409, 'The rule change is not in a state that allows this step'],
  [ErrorCode.RuleChangeRoleRequired]: [403, 'Your role may not take this step of a rule change'],
  [ErrorCode.FourEyesRequired]: [403, 'The person who drafted a rule change cannot approve it'],
  [ErrorCode.SourcesRequired]: [400, 'An approval names the legal sources that were checked'],
  [ErrorCode.RuleSetNotVerified]: [422, 'The rule set is a reserved placeholder whose legal content is not verified'],
  [ErrorCode.RuleChangeNotPublished]: [409, 'The rule change is not published'],
  [ErrorCode.Internal]: [500, 'Internal error'],
};

export function httpStatusOf(code: ErrorCode): [number, string] {
  return TITLES[code];
}

/** Seconds a client should wait before retrying an answer with this code (Retry-After), if it is transient. */
export function retryAfterOf(code: ErrorCode): number | undefined {
  if (code === ErrorCode.ShuttingDown) return 1; // another instance takes it at once
  return code === ErrorCode.TemporalUnavailable || code === ErrorCode.DatabaseUnavailable ? 5 : undefined;
}
