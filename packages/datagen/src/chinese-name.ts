// SPDX-License-Identifier: Apache-2.0
import type { Gender, IsoDate } from '@yibao/domain'
import type { Random } from './random.js'

// Common surnames in western Hunan, most frequent first (weights are rough shares).
const SURNAMES = [
  '张',
  '李',
  '王',
  '刘',
  '陈',
  '杨',
  '米',
  '向',
  '舒',
  '谢',
  '周',
  '黄',
  '吴',
  '唐',
  '曾',
  '石',
  '胡',
  '罗',
  '邓',
  '彭',
  '蒋',
  '肖',
  '易',
  '田',
  '龙',
  '姚',
  '瞿',
  '钟',
  '梁',
  '滕',
]
const MALE = '伟强军勇杰涛斌明辉军华建国平志超鹏飞宇浩文俊刚峰磊林成德福海'
const FEMALE = '芳娟敏静丽霞秀英红燕艳玲桂兰萍琴梅凤莉婷雪慧珍春云佳琳欣怡'
const NEUTRAL = '小春晓立新永金玉树德红光友中世'

/**
 * A plausible Chinese personal name (2 or 3 characters).
 *
 * @param rng - random source
 * @param gender - 1 男 / 2 女
 * @returns the name
 */
export function chineseName(rng: Random, gender: Gender): string {
  const surname = SURNAMES[Math.min(SURNAMES.length - 1, Math.floor(rng.next() ** 1.6 * 30))]
  const pool = gender === '2' ? FEMALE : MALE
  const given = rng.chance(0.7)
    ? NEUTRAL.charAt(rng.int(0, NEUTRAL.length - 1)) + pool.charAt(rng.int(0, pool.length - 1))
    : pool.charAt(rng.int(0, pool.length - 1))
  return `${surname ?? '张'}${given}`
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK = '10X98765432'

/**
 * An 18-digit resident identity number with a valid check digit (GB 11643): area code, birth
 * date, a 3-digit sequence whose parity gives the gender, and the check character.
 *
 * @param area - 6-digit area code, e.g. `431223`
 * @param birth - birth date
 * @param seq - sequence number; its parity is forced to match `gender`
 * @param gender - 1 男 (odd) / 2 女 (even)
 * @returns the identity number
 */
export function residentId(area: string, birth: IsoDate, seq: number, gender: Gender): string {
  let s = seq % 1000
  if (gender === '1' && s % 2 === 0) s = (s + 1) % 1000
  if (gender !== '1' && s % 2 === 1) s = (s + 1) % 1000
  const body = `${area}${birth.replaceAll('-', '')}${String(s).padStart(3, '0')}`
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(body.charAt(i)) * (WEIGHTS[i] ?? 0)
  return body + CHECK.charAt(sum % 11)
}
