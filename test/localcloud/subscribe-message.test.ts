// The emulated subscribeMessage.send is at least as strict as WeChat's: unknown template 40037,
// no user 40003, a missing or malformed field 47003, no credit left 43101; deliveries and
// credits survive a restart of `npm start` (a data folder).
import fs from 'fs';
import os from 'os';
import path from 'path';
import { LocalCloud } from '../../localcloud/cloud';
import { LOCAL_MESSAGE_TEMPLATE as T, SubscribeMessages } from '../../localcloud/subscribeMessage';

const good = {
  thing1: { value: '南京路店工作群' },
  thing2: { value: '张伟' },
  thing3: { value: '收到' },
  time4: { value: '2026年11月30日 10:05' },
};

async function errCode(p: Promise<unknown>): Promise<number | 'ok'> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return (e as { errCode: number }).errCode;
  }
}

describe('emulated subscribeMessage.send', () => {
  it('answers WeChat’s errcodes and spends one credit per card', async () => {
    const wx = new SubscribeMessages({});
    const send = (p: object) =>
      wx.send({ touser: 'o_a', templateId: T, page: 'pages/chat/index?id=c&seq=1', data: good, ...p }, 1);
    expect(await errCode(send({ templateId: 'nope' }))).toBe(40037);
    expect(await errCode(send({ touser: '' }))).toBe(40003);
    expect(await errCode(send({ data: { ...good, thing3: { value: '' } } }))).toBe(47003);
    expect(await errCode(send({ data: { ...good, thing3: { value: 'x'.repeat(21) } } }))).toBe(47003);
    expect(await errCode(send({ data: { ...good, time4: { value: '刚刚' } } }))).toBe(47003);
    expect(await errCode(send({ miniprogramState: 'beta' }))).toBe(47003);
    expect(await errCode(send({}))).toBe(43101);
    expect(wx.grant('o_a', [T, 'unknown'])).toEqual({ [T]: 'accept', unknown: 'filter' });
    expect(await errCode(send({}))).toBe('ok');
    expect(await errCode(send({}))).toBe(43101);
    expect(wx.deliveriesTo('o_a')).toHaveLength(1);
    expect(wx.deliveriesTo('o_a')[0]).toMatchObject({
      templateId: T,
      page: 'pages/chat/index?id=c&seq=1',
      data: good,
    });
    wx.outage = 45009;
    wx.grant('o_a', [T]);
    expect(await errCode(send({}))).toBe(45009);
    expect(wx.creditsOf('o_a', T)).toBe(1);
  });

  it('keeps credits and deliveries across a restart on the same data folder', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongshi-sub-'));
    try {
      const first = new LocalCloud({ dataDir });
      first.openapi.subscriptions.grant('o_a', [T, T]);
      await first.openapi.subscriptions.send({ touser: 'o_a', templateId: T, page: 'p', data: good }, 5);
      first.close();
      const again = new LocalCloud({ dataDir });
      expect(again.openapi.subscriptions.creditsOf('o_a', T)).toBe(0);
      again.openapi.subscriptions.grant('o_a', [T]);
      expect(again.openapi.subscriptions.creditsOf('o_a', T)).toBe(1);
      expect(again.openapi.subscriptions.deliveriesTo('o_a')).toMatchObject([{ page: 'p', at: 5 }]);
      again.close();
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
