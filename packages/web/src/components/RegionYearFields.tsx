// SPDX-License-Identifier: Apache-2.0
// The two fields that name a 统筹区's year (a payment plan to draft, a year to clear): the region
// code, offered from the known ones but free to type, and the year.
import { AutoComplete, Form, InputNumber } from 'antd'
import { useT } from '../i18n'

/** The values of the two fields. */
export interface RegionYear {
  admdvs: string
  year: number
}

/** The region and year fields of a form; `regions` are offered as the code is typed. */
export function RegionYearFields({
  regions,
  initial,
  testId,
}: {
  regions: readonly string[]
  /** The values to start from. */
  initial?: Partial<RegionYear> | undefined
  /** The prefix of the fields' test ids (`<prefix>-admdvs`, `<prefix>-year`). */
  testId: string
}) {
  const t = useT()
  return (
    <>
      <Form.Item
        name="admdvs"
        initialValue={initial?.admdvs}
        label={t('regionYear.admdvs')}
        rules={[
          { required: true, whitespace: true, message: t('regionYear.admdvsRequired') },
          { pattern: /^\s*\w{1,12}\s*$/, message: t('regionYear.admdvsInvalid') },
        ]}
      >
        <AutoComplete
          style={{ minWidth: 160 }}
          options={[...new Set(regions)].sort().map((value) => ({ value }))}
          filterOption={(input, option) => String(option?.value ?? '').startsWith(input.trim())}
          placeholder="431223"
          data-testid={`${testId}-admdvs`}
        />
      </Form.Item>
      <Form.Item
        name="year"
        initialValue={initial?.year}
        label={t('regionYear.year')}
        rules={[{ required: true, message: t('regionYear.yearRequired') }]}
      >
        <InputNumber
          min={2000}
          max={2100}
          precision={0}
          style={{ width: 120 }}
          data-testid={`${testId}-year`}
        />
      </Form.Item>
    </>
  )
}

/** The latest region and year among versions (to fill the fields), if any. */
export function latestRegionYear(
  versions: readonly { admdvs: string; year: number; status: string }[]
): RegionYear | undefined {
  const active = versions.filter((v) => v.status === 'ACTIVE' && v.admdvs !== '*')
  const pool = active.length > 0 ? active : versions.filter((v) => v.admdvs !== '*')
  const latest = [...pool].sort((a, b) => b.year - a.year)[0]
  return latest && { admdvs: latest.admdvs, year: latest.year }
}
