-- SPDX-License-Identifier: Apache-2.0
-- Fee lines are read through their encounters (the encounter index is by person and time), so
-- fee_line needs only its primary key and the mdtrt_id index. One index fewer on the largest
-- table makes every bulk load and import markedly faster.
DROP INDEX IF EXISTS fee_line_person_time;
