// How an execution's failure reaches the test (the host): the script's errors belong to the vm
// context's realm, and the platform's own ends (time limit) are words, not the script's exceptions.
import { ExecutionLimitError } from './runtime';

/** An error from the script, as the caller of a cell or a menu sees it: its name and message. */
export function toHostError(thrown: unknown): Error {
  if (thrown instanceof Error && !(thrown instanceof ExecutionLimitError)) return thrown;
  if (thrown !== null && typeof thrown === 'object' && 'message' in thrown) {
    const source = thrown as { name?: unknown; message: unknown; stack?: unknown };
    const name = typeof source.name === 'string' ? source.name : 'Error';
    // The script's TypeError is not the host's: rebuild the standard kinds so `toThrow(TypeError)` holds.
    const Kind = BUILTIN_ERRORS[name] ?? Error;
    const error = new Kind(String(source.message), { cause: thrown });
    error.name = name;
    if (typeof source.stack === 'string') error.stack = source.stack;
    return error;
  }
  return new Error(String(thrown), { cause: thrown });
}

const BUILTIN_ERRORS: Record<string, ErrorConstructor> = {
  TypeError,
  RangeError,
  ReferenceError,
  SyntaxError,
  EvalError,
  URIError,
};

export function isVmTimeout(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
}
