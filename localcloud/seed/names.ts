// Deterministic, real-looking Chinese names and mobiles for the demo company.
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建红晨亮浩宇欣怡梓涵子轩佳琪思远嘉豪文博一鸣雨萱晓东志刚海燕春梅国庆立新俊杰婷婷雪莹慧敏德华永强丹丹倩倩';

/** Mulberry32: small, fast, and deterministic from its seed (the demo, property tests and benches replay with it). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function nameMaker(random: () => number): () => string {
  const used = new Set<string>();
  const pick = (s: string) => s[Math.floor(random() * s.length)];
  return () => {
    for (;;) {
      const given = random() < 0.35 ? pick(GIVEN) : pick(GIVEN) + pick(GIVEN);
      const name = pick(SURNAMES) + given;
      if (!used.has(name)) {
        used.add(name);
        return name;
      }
    }
  };
}

export function mobileMaker(random: () => number): () => string {
  const used = new Set<string>();
  const prefixes = ['138', '139', '136', '137', '150', '151', '158', '159', '186', '187', '135', '182'];
  return () => {
    for (;;) {
      const m =
        prefixes[Math.floor(random() * prefixes.length)] +
        String(Math.floor(random() * 1e8)).padStart(8, '0');
      if (!used.has(m)) {
        used.add(m);
        return m;
      }
    }
  };
}
