// SPDX-License-Identifier: Apache-2.0
import { Card } from 'antd'
import { DeductionsView } from '../components/DeductionsView'
import { useT } from '../i18n'

/** All deductions (扣款) of the region, by institution and month. */
export function DeductionsPage() {
  const t = useT()
  return (
    <Card title={t('deduction.title')}>
      <DeductionsView />
    </Card>
  )
}
