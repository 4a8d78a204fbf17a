// libs/domain's DomainError sets V8's Error.stackTraceLimit (typed by @types/node there); other engines ignore it.
interface ErrorConstructor {
  stackTraceLimit: number;
}
