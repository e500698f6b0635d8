// SPDX-License-Identifier: Apache-2.0
// The issues of a refused write, one per line with the path it names (`$.basic[2].ratio`,
// `encounter.lines[1].price`), so that a long document or bill can be corrected in one pass.
import { Alert, Typography } from 'antd'
import { ApiError } from '../api'
import { errorText } from '../feedback'
import { useT } from '../i18n'

/** The message without its leading `path：`, which the list shows apart. */
function withoutPath(message: string, path: string | undefined): string {
  return path !== undefined && message.startsWith(`${path}：`)
    ? message.slice(path.length + 1)
    : message
}

/** An error as an alert: the server's issues listed with their paths, else its text. */
export function IssueList({ error, testId }: { error: unknown; testId?: string }) {
  const t = useT()
  const issues = error instanceof ApiError ? error.issues : []
  if (issues.length === 0) {
    return <Alert type="error" showIcon message={errorText(error)} data-testid={testId} />
  }
  return (
    <Alert
      type="error"
      showIcon
      data-testid={testId}
      message={t('issues.title', { count: issues.length })}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 18, maxHeight: 240, overflow: 'auto' }}>
          {issues.map((issue, i) => (
            <li key={i} data-path={issue.path ?? ''}>
              {issue.path && (
                <Typography.Text code style={{ marginInlineEnd: 6 }}>
                  {issue.path}
                </Typography.Text>
              )}
              {withoutPath(issue.message, issue.path)}
            </li>
          ))}
        </ul>
      }
    />
  )
}
