// SPDX-License-Identifier: Apache-2.0
// Benefit policies (待遇政策): the versions page of policy documents (amounts in yuan, ratios in
// percent), managed by whoever may manage policies.
import { POLICY_VERSIONS } from '../../api'
import { VersionsPage, type VersionsKind } from '../../components/Versions'

const POLICIES: VersionsKind = {
  client: POLICY_VERSIONS,
  manage: 'policies.manage',
  testId: 'policy',
  labels: {
    title: 'policies.title',
    intro: 'policies.intro',
    introReader: 'policies.introReader',
    viewTitle: 'policies.viewTitle',
    newTitle: 'policies.newTitle',
    readOnlyNote: 'policies.readOnlyNote',
    editNote: 'policies.editNote',
    textPlaceholder: 'policies.textPlaceholder',
    activateNote: 'policies.activateNote',
  },
}

/** The policies page. */
export function PoliciesPage() {
  return <VersionsPage kind={POLICIES} />
}
