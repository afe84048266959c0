// The preview's two HTML documents, written into the build: the host page (the people panel and
// the phones) and the frame (one phone: the mini program's nav bar, page stack and tab bar). One
// head for both: UTF-8, no favicon request (the server has none: a 404 in every browser log), a
// phone-width viewport.

interface Document {
  title: string;
  styles: string[];
  body: string;
  scripts: string[];
}

const indent = (text: string, spaces: string) =>
  text
    .trim()
    .split('\n')
    .map((line) => spaces + line)
    .join('\n');

function html(d: Document): string {
  const styles = d.styles.map((s) => `<link rel="stylesheet" href="/preview/assets/${s}" />`);
  const scripts = d.scripts.map((s) => `<script src="/preview/assets/${s}"></script>`);
  return `<!doctype html>
<html lang="zh-CN">
  <head>
    <meta charset="utf-8" />
    <link rel="icon" href="data:," />
    <meta name="viewport" content="width=device-width,initial-scale=1" />
    <title>${d.title}</title>
${indent(styles.join('\n'), '    ')}
  </head>
  <body>
${indent(d.body, '    ')}
${indent(scripts.join('\n'), '    ')}
  </body>
</html>
`;
}

/** host.html: pick a person, open phones as them. */
export const HOST_HTML = html({
  title: '同事 Tongshi · 本地预览',
  styles: ['host.css'],
  body: `
<aside id="panel">
  <h1>同事 <small>本地预览</small></h1>
  <p class="hint">真实的小程序页面，云函数由本地云提供。选择一位员工，以他的身份使用。</p>
  <input id="search" type="search" placeholder="搜索员工姓名 / 拼音 / 手机号" autocomplete="off" />
  <ul id="people"></ul>
  <p class="hint small">点击姓名：左侧手机切换身份；“右侧”：在第二部手机中打开，两人可以互相聊天。</p>
</aside>
<main id="phones"></main>`,
  scripts: ['host.js'],
});

/** frame.html: one phone running the mini program (app.js holds the compiled pages). */
export const FRAME_HTML = html({
  title: '同事 · 小程序预览',
  styles: ['font.css', 'frame.css'],
  body: `
<div id="nav">
  <span class="nav-back" title="返回"></span><span class="nav-title"></span
  ><span class="nav-capsule"><i></i><b></b></span>
</div>
<div id="stack"></div>
<div id="tabbar"></div>
<div id="overlay"></div>`,
  scripts: ['app.js', 'frame.js'],
});
