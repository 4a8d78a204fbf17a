import { markerPayload, parseMarker } from './markers';

describe('wayfinding markers', () => {
  it('given a place, when printed and scanned, then the same place comes back', () => {
    for (const place of [
      { officeId: 'msk', floor: 3, nodeId: 'j-12' },
      { officeId: 'spb_2', floor: -1, nodeId: 'lift_A' },
    ]) {
      expect(parseMarker(markerPayload(place))).toEqual(place);
    }
    expect(markerPayload({ officeId: 'msk', floor: 3, nodeId: 'j-12' })).toBe('megabot:seat:msk/3/j-12');
  });

  it('when a scanned text is not one of our markers, then it is no place', () => {
    for (const text of ['', 'https://example.org', 'megabot:seat:msk/3', 'megabot:seat:msk/three/j1', 'megabot:seat:msk/3/j 1', 'megabot:seat:../3/j1'])
      expect(parseMarker(text)).toBeNull();
  });
});
