/** One row of the preview's "act as" panel: served by routes.ts, rendered by host/host.ts. */
export interface ActAsPerson {
  id: string;
  name: string;
  position: string;
  department: string;
  openid: string;
  bound: boolean;
  isAdmin: boolean;
  status: string;
}
