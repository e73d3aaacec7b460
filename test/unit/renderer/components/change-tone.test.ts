import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changeTone } from '../../../../renderer/components/change-tone';

test('a change is good when it moves the way the KPI wants', () => {
  assert.equal(changeTone(0.03, 'up'), 'good'); // win rate rising
  assert.equal(changeTone(-0.03, 'up'), 'bad'); // win rate falling
  assert.equal(changeTone(0.01, 'down'), 'bad'); // churn rising
  assert.equal(changeTone(-2.5, 'down'), 'good'); // sales cycle shorter
  assert.equal(changeTone(0, 'up'), 'flat');
});
