// SPDX-License-Identifier: Apache-2.0
import type { DayClock } from './day-clock.js'
import type { DemoCatalog } from './demo-catalog.js'
import type { EncounterBuilder } from './encounter-builder.js'
import type { Random } from './random.js'
import type { ReferenceData } from './reference-data.js'
import type { PersonTimeline } from './timeline.js'
import type { TimelineFactory } from './timeline-factory.js'

/** What an injector may use: the batch's builders and random source. */
export interface InjectContext {
  readonly catalog: DemoCatalog
  readonly ref: ReferenceData
  readonly clock: DayClock
  readonly rng: Random
  readonly builder: EncounterBuilder
  readonly factory: TimelineFactory
}

/**
 * Injects one violation type into persons' generated timelines, before settlement, and records a
 * `DraftTruth` on every encounter it makes violating. An injector returns false, having changed
 * nothing, when the persons offered do not fit; the driver then offers others.
 */
export interface Injector {
  /** Catalogue code of `VIOLATION_TYPES` (D1, S12, M14…). */
  readonly code: string
  /** Persons one case needs (F9 needs a group), default 1. */
  readonly persons?: number
  /** What is injected, in Chinese (shown in the README and by the CLI). */
  readonly description: string
  inject(ctx: InjectContext, targets: PersonTimeline[]): boolean
}
