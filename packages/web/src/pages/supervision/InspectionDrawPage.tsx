// SPDX-License-Identifier: Apache-2.0
// One recorded 双随机 draw, opened from the draws list: what makes it reproducible, the counts by
// type, the objects with their teams and the inspectors passed over, and its publication list.
import { useParams } from 'react-router'
import { getInspectionDraw } from '../../api'
import { BackTitle } from '../../components/BackTitle'
import { LoadFailed } from '../../components/LoadFailed'
import { useLoader } from '../../hooks'
import { useT } from '../../i18n'
import { DrawView } from './DrawView'
import { useInspectors } from './supervision-labels'

const LIST = '/inspections?tab=draws'

/** The page of one draw. */
export function InspectionDrawPage() {
  const t = useT()
  const { id = '' } = useParams()
  const { data, loading, error } = useLoader(() => getInspectionDraw(id), [id], { quiet: true })
  const { names } = useInspectors()

  if (!data) return <LoadFailed loading={loading} error={error} back={LIST} />
  return (
    <DrawView
      draw={data}
      names={names}
      title={<BackTitle to={LIST}>{t('inspection.resultTitle', { id: data.id })}</BackTitle>}
    />
  )
}
