// SPDX-License-Identifier: Apache-2.0
// The seed of a reproducible random draw: a non-negative integer, or empty for a random one
// that the server records with the draw.
import { Form, Input } from 'antd'
import { useT } from '../i18n'

/** The `seed` field of a draw form; `hint` says what the seed makes reproducible. */
export function SeedField({
  hint,
  testId,
  width,
}: {
  hint: string
  testId: string
  width?: number
}) {
  const t = useT()
  return (
    <Form.Item
      name="seed"
      label={t('inspection.seed')}
      tooltip={hint}
      rules={[{ pattern: /^\s*\d{0,15}\s*$/, message: t('inspection.seedInvalid') }]}
    >
      <Input
        allowClear
        placeholder={t('inspection.seedRandom')}
        style={width === undefined ? undefined : { width }}
        data-testid={testId}
      />
    </Form.Item>
  )
}
