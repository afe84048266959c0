// `npm start`: the product on this machine. Usage: npm start [-- --fresh] ; env PORT, TONGSHI_DATA.
import path from 'path';
import { LocalCloud } from './cloud';
import { registerExtensions } from './extensions';
import { DEMO_COMPANY, DEMO_OPENIDS, isSeeded, seedDemo } from './seed/demo';
import { FUNCTION_SPECS } from '../cloudfunctions/core/platform/functions';
import { startTimers } from './scheduler';
import { LocalServer } from './server';

async function main(): Promise<void> {
  const fresh = process.argv.includes('--fresh');
  const port = Number(process.env.PORT ?? 8787);
  const dataDir = path.resolve(process.env.TONGSHI_DATA ?? '.tongshi');
  // The demo company has a name; an empty one (--fresh) shows the product name until configured.
  if (!fresh) process.env.TONGSHI_COMPANY_NAME ??= DEMO_COMPANY;
  const cloud = new LocalCloud({ dataDir, fresh });
  const server = new LocalServer(cloud);
  await registerExtensions(server);
  const base = await server.listen(port);

  if (!fresh && !(await isSeeded(cloud))) {
    process.stdout.write('首次启动：正在生成演示公司……\n');
    await seedDemo(cloud);
  }
  // The timer triggers (maintenance, notify), on CloudBase's schedule (config.json `triggers`).
  const stopTimers = startTimers(cloud, (fn, outcome) => {
    const report = outcome as { ok?: boolean; data?: { repairs?: { name: string; repaired: number }[] } };
    const fixed = report.data?.repairs?.filter((r) => r.repaired > 0) ?? [];
    if (report.ok === false || !report.data) console.error(`[timer] ${fn} failed`, outcome);
    else if (fixed.length)
      console.log(`[timer] ${fn} repaired: ${fixed.map((r) => `${r.name} ${r.repaired}`).join(', ')}`);
  });
  // WeChat pushes an image-check verdict some seconds after the send (emulated: every 3 s).
  const verdicts = setInterval(() => {
    cloud.deliverMediaVerdicts().catch((e: unknown) => console.error('[media check] delivery failed', e));
  }, 3000);
  verdicts.unref();
  const employees = cloud.db.tables.count('employees');
  console.log(`
同事 Tongshi — local cloud is running
  Preview (mini program):  ${base}/
  Cloud functions:         POST ${base}/api/functions/<directory|groups|messages|admin>
                           header X-WX-OPENID: <openid>, body: { "action": ..., ...params }
  Timer triggers:          maintenance, notify (fire one now: POST ${base}/api/dev/triggers/<fn>)
  Subscription messages:   GET ${base}/api/dev/notifications?openid=<openid>
  Data:                    ${dataDir}${fresh ? ' (fresh: empty company)' : ''}
  Employees:               ${employees}
${
  fresh
    ? `  Empty company: bootstrap the first admin with
    curl -s -X POST ${base}/api/functions/admin -H 'X-WX-OPENID: o_me' \\
      -d '{"action":"bootstrap","name":"王总","mobile":"13800000000","setupToken":"${process.env.TONGSHI_SETUP_TOKEN}"}'`
    : `  Demo identities (act as one with X-WX-OPENID, or ?as=<openid> in the preview):
${Object.entries(DEMO_OPENIDS)
  .map(([role, openid]) => `    ${openid.padEnd(20)} ${role}`)
  .join('\n')}`
}
  Try:  curl -s -X POST ${base}/api/functions/directory -H 'X-WX-OPENID: ${fresh ? 'o_me' : DEMO_OPENIDS.manager}' -d '{"action":"me"}'
  Repair:                  maintenance runs on its timer trigger (${FUNCTION_SPECS.maintenance.trigger.config})
Press Ctrl-C to stop; data survives a restart.
`);

  const stop = async () => {
    stopTimers();
    clearInterval(verdicts);
    await server.close();
    cloud.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
