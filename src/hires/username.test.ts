import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addressCandidate, LOCAL_PART_MAX } from './username.ts';

describe('addressCandidate', () => {
  it('transliterates to ASCII and keeps hyphens', () => {
    assert.equal(addressCandidate('José', 'Müller-Ørsted', 1), 'jose.muller-orsted');
    assert.equal(addressCandidate('Zoë', 'Saldaña', 1), 'zoe.saldana');
    assert.equal(addressCandidate('Łukasz', 'Żółć', 1), 'lukasz.zolc');
  });

  it('drops apostrophes and spaces', () => {
    assert.equal(addressCandidate('Mary Ann', "O'Brien", 1), 'maryann.obrien');
    assert.equal(addressCandidate('  Jean-Luc ', 'D’Arcy', 1), 'jean-luc.darcy');
  });

  it('reads non-Latin scripts', () => {
    assert.equal(addressCandidate('Владимир', 'Петров', 1), 'vladimir.petrov');
    assert.equal(addressCandidate('小明', '王', 1), 'xiaoming.wang');
    assert.match(addressCandidate('Αλέξανδρος', 'Παπαδόπουλος', 1), /^[a-z0-9.-]+$/);
  });

  it('numbers the second and later candidates, the tenth too', () => {
    assert.deepEqual(
      [1, 2, 3, 10].map((n) => addressCandidate('Ana', 'Silva', n)),
      ['ana.silva', 'ana.silva2', 'ana.silva3', 'ana.silva10'],
    );
  });

  it('stays within 64 characters with its number, never ending on a dot or hyphen', () => {
    const long = addressCandidate('A'.repeat(40), 'B'.repeat(40), 1);
    assert.equal(long.length, LOCAL_PART_MAX);
    const numbered = addressCandidate('A'.repeat(40), 'B'.repeat(40), 12);
    assert.equal(numbered.length, LOCAL_PART_MAX);
    assert.ok(numbered.endsWith('12'));
    assert.doesNotMatch(addressCandidate('x'.repeat(62), 'y', 1), /[.-]$/);
  });

  it('falls back when a name has nothing an address can hold', () => {
    assert.equal(addressCandidate('🙂', 'Smith', 1), 'smith');
    assert.equal(addressCandidate('!!!', '???', 2), 'user2');
  });
});
