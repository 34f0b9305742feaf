import { describe, expect, it } from 'vitest';
import { deadLettersPath, designerPath, matchRoute } from './router';

describe('routes', () => {
  it('knows the pipelines page and the designer of a pipeline', () => {
    expect(matchRoute('/')).toEqual({ page: 'pipelines' });
    expect(matchRoute('/pipelines/6f1c')).toEqual({ page: 'designer', pipelineId: '6f1c' });
    expect(matchRoute(designerPath('a b'))).toEqual({ page: 'designer', pipelineId: 'a b' });
    expect(matchRoute(deadLettersPath('6f1c'))).toEqual({ page: 'dead-letters', pipelineId: '6f1c' });
    expect(matchRoute('/pipelines/6f1c/dead-letters/')).toEqual({ page: 'dead-letters', pipelineId: '6f1c' });
    expect(matchRoute('/nope')).toEqual({ page: 'not-found', path: '/nope' });
  });
});
