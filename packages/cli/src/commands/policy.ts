// SPDX-License-Identifier: Apache-2.0
import { formatPolicyText, parsePolicyText } from '@yibao/settlement'
import { BENEFIT_POLICIES, PoliciesInForce } from '@yibao/storage'
import type { CliIo } from '../io.js'
import { versionedCommand } from './versioned-command.js'

/** `yibao policy`: benefit-policy versions. */
export function policyCommand(args: readonly string[], io: CliIo): Promise<number> {
  return versionedCommand(
    {
      name: 'policy',
      kind: BENEFIT_POLICIES,
      usage: [
        '用法：yibao policy <list|export|import|activate> [选项] [--dir 数据目录] [--json]',
        '  list                              待遇政策各版本（草稿、启用、停用）',
        '  export [版本编号] [--format yaml|json] [--year 年 --admdvs 统筹区]',
        '                                    输出一个版本（默认：该统筹区该年启用的版本），金额单位元、比例为百分数',
        '  import 文件 [--activate]          导入 YAML / JSON 政策文件为草稿（同编号的草稿被替换），可随即启用',
        '  activate 版本编号                 启用草稿：同一统筹区同一年原先启用的版本随之停用',
      ],
      parseText: parsePolicyText,
      formatText: formatPolicyText,
      inForce: async (db, admdvs, year) => (await PoliciesInForce.load(db)).forYear(admdvs, year),
    },
    args,
    io
  )
}
