/**
 * Routes outside the versioned API (the portal's static files and the browsable API docs) are public by
 * nature; every route under /api/v1/ must declare its access rule or it is refused.
 */
export function mustDeclareAccess(routeUrl: string): boolean {
  return routeUrl.startsWith('/api/v1/') || routeUrl === '/metrics';
}
