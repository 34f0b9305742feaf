import { describe, expect, it } from 'vitest';
import { dashboardPath, deadLettersPath, designerPath, matchRoute } from './router';

describe('routes', () => {
  it('knows the pipelines page and the designer of a pipeline', () => {
    expect(matchRoute('/')).toEqual({ page: 'pipelines' });
    expect(matchRoute('/pipelines/6f1c')).toEqual({ page: 'designer', pipelineId: '6f1c' });
    expect(matchRoute(designerPath('a b'))).toEqual({ page: 'designer', pipelineId: 'a b' });
    expect(matchRoute(deadLettersPath('6f1c'))).toEqual({ page: 'dead-letters', pipelineId: '6f1c' });
    expect(matchRoute('/pipelines/6f1c/dead-letters/')).toEqual({ page: 'dead-letters', pipelineId: '6f1c' });
    expect(matchRoute('/nope')).toEqual({ page: 'not-found', path: '/nope' });
  });

  it('knows the monitoring overview and the dashboard of a pipeline', () => {
    expect(matchRoute('/monitor')).toEqual({ page: 'monitor' });
    expect(matchRoute(dashboardPath('6f1c'))).toEqual({ page: 'dashboard', pipelineId: '6f1c' });
    expect(dashboardPath('a b')).toBe('/pipelines/a%20b/monitor');
    expect(matchRoute('/pipelines/6f1c/monitor/x')).toEqual({ page: 'not-found', path: '/pipelines/6f1c/monitor/x' });
  });
});
