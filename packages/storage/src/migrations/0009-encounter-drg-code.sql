-- SPDX-License-Identifier: Apache-2.0
-- The DRG group a settlement list was grouped to (CHS-DRG), for regions paid by the DRG point
-- method; null elsewhere.
ALTER TABLE encounter ADD COLUMN drg_code text;
