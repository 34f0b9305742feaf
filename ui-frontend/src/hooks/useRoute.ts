import { useSyncExternalStore } from 'react';
import { type Route, currentPath, matchRoute, subscribeLocation } from '../router/router';

/** The page the browser's location names; follows pushes and back/forward. */
export function useRoute(): Route {
  const path = useSyncExternalStore(subscribeLocation, currentPath);
  return matchRoute(path);
}
