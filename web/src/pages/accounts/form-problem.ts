import type { FormInstance } from 'antd';
import { ApiError } from '../../api/client.ts';
import { problemText } from '../../components/ProblemAlert.tsx';
import { fieldOfProblem } from './accounts-format.ts';

/**
 * Shows a failed submit where a person looks for it: under the field the server's problem is about (one of
 * `fields`), otherwise above the form through `above`.
 */
export function showFormProblem<F extends string>(form: FormInstance, error: unknown, fields: readonly F[], above: (text: string) => void, generic: string): void {
  const text = error instanceof ApiError ? problemText(error, generic) : String(error);
  const field = error instanceof ApiError ? fieldOfProblem(error.code, fields) : null;
  if (field !== null) form.setFields([{ name: field, errors: [text] }]);
  else above(text);
}
