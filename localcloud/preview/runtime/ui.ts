// What WeChat draws itself above a page: toast, loading, modal, action sheet, image preview and
// the picker sheet. Plain DOM in the frame's overlay layer, styled in frame.css like WeChat's.

function overlayRoot(): HTMLElement {
  return document.getElementById('overlay') as HTMLElement;
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

let toastEl: HTMLElement | null = null;
let toastTimer: ReturnType<typeof setTimeout> | undefined;

export function hideToast(): void {
  clearTimeout(toastTimer);
  toastEl?.remove();
  toastEl = null;
}

/** WeChat's toast; `loading` stays until hidden, as showLoading does. */
export function showToast(o: {
  title: string;
  icon?: string;
  duration?: number;
  mask?: boolean;
  loading?: boolean;
}): void {
  hideToast();
  const wrap = el('div', `wx-toast-wrap${o.mask ? ' mask' : ''}`);
  const icon = o.loading ? 'loading' : (o.icon ?? 'success');
  const box = el('div', `wx-toast${icon === 'none' ? ' text-only' : ''}`);
  if (icon !== 'none')
    box.appendChild(
      el('div', `wx-toast-icon ${icon}`, icon === 'success' ? '✓' : icon === 'error' ? '!' : ''),
    );
  box.appendChild(el('div', 'wx-toast-title', o.title ?? ''));
  wrap.appendChild(box);
  overlayRoot().appendChild(wrap);
  toastEl = wrap;
  if (!o.loading) toastTimer = setTimeout(hideToast, o.duration ?? 1500);
}

function sheetBackdrop(onCancel: () => void): HTMLElement {
  const mask = el('div', 'wx-mask');
  mask.addEventListener('click', (e) => {
    if (e.target === mask) onCancel();
  });
  overlayRoot().appendChild(mask);
  return mask;
}

export function showModal(o: {
  title?: string;
  content?: string;
  showCancel?: boolean;
  cancelText?: string;
  confirmText?: string;
  confirmColor?: string;
  editable?: boolean;
  placeholderText?: string;
}): Promise<{ confirm: boolean; cancel: boolean; content?: string }> {
  return new Promise((resolve) => {
    const mask = sheetBackdrop(() => undefined);
    const box = el('div', 'wx-modal');
    if (o.title) box.appendChild(el('div', 'wx-modal-title', o.title));
    let input: HTMLInputElement | null = null;
    if (o.editable) {
      input = el('input', 'wx-modal-input');
      input.placeholder = o.placeholderText ?? '';
      input.value = o.content ?? '';
      box.appendChild(input);
    } else if (o.content) box.appendChild(el('div', 'wx-modal-content', o.content));
    const buttons = el('div', 'wx-modal-buttons');
    const done = (confirm: boolean) => {
      mask.remove();
      resolve({ confirm, cancel: !confirm, ...(input ? { content: input.value } : {}) });
    };
    if (o.showCancel !== false) {
      const cancel = el('button', 'wx-modal-button cancel', o.cancelText || '取消');
      cancel.addEventListener('click', () => done(false));
      buttons.appendChild(cancel);
    }
    const ok = el('button', 'wx-modal-button confirm', o.confirmText || '确定');
    if (o.confirmColor) ok.style.color = o.confirmColor;
    ok.addEventListener('click', () => done(true));
    buttons.appendChild(ok);
    box.appendChild(buttons);
    mask.appendChild(box);
  });
}

/** Resolves the tapped index, or null when cancelled. */
export function showActionSheet(o: {
  itemList: string[];
  itemColor?: string;
  alertText?: string;
}): Promise<number | null> {
  return new Promise((resolve) => {
    const done = (i: number | null) => {
      mask.remove();
      resolve(i);
    };
    const mask = sheetBackdrop(() => done(null));
    const sheet = el('div', 'wx-action-sheet');
    if (o.alertText) sheet.appendChild(el('div', 'wx-action-sheet-alert', o.alertText));
    o.itemList.forEach((text, i) => {
      const item = el('div', 'wx-action-sheet-item', text);
      if (o.itemColor) item.style.color = o.itemColor;
      item.addEventListener('click', () => done(i));
      sheet.appendChild(item);
    });
    const cancel = el('div', 'wx-action-sheet-item cancel', '取消');
    cancel.addEventListener('click', () => done(null));
    sheet.appendChild(cancel);
    mask.appendChild(sheet);
  });
}

export function previewImage(urls: string[], current?: string): void {
  let index = Math.max(0, current ? urls.indexOf(current) : 0);
  const box = el('div', 'wx-image-preview');
  const img = el('img', 'wx-image-preview-img');
  const counter = el('div', 'wx-image-preview-counter');
  const show = () => {
    img.src = urls[index] ?? '';
    counter.textContent = urls.length > 1 ? `${index + 1}/${urls.length}` : '';
  };
  box.append(img, counter);
  // Tap closes (as in WeChat); the arrow keys page through several images.
  box.addEventListener('click', () => {
    box.remove();
    document.removeEventListener('keydown', onKey);
  });
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowRight') index = Math.min(urls.length - 1, index + 1);
    else if (e.key === 'ArrowLeft') index = Math.max(0, index - 1);
    show();
  };
  document.addEventListener('keydown', onKey);
  show();
  overlayRoot().appendChild(box);
}

/** The bottom sheet of the built-in `picker`: a list for selector, a native input for date/time. */
export function showPickerSheet(o: {
  mode: string;
  items?: string[];
  index?: number;
  value?: string;
  start?: string;
  end?: string;
}): Promise<number | string | null> {
  return new Promise((resolve) => {
    const done = (v: number | string | null) => {
      mask.remove();
      resolve(v);
    };
    const mask = sheetBackdrop(() => done(null));
    const sheet = el('div', 'wx-picker');
    const bar = el('div', 'wx-picker-bar');
    const cancel = el('span', 'wx-picker-cancel', '取消');
    const ok = el('span', 'wx-picker-confirm', '确定');
    bar.append(cancel, ok);
    sheet.appendChild(bar);
    let selected = o.index ?? 0;
    let input: HTMLInputElement | null = null;
    if (o.mode === 'date' || o.mode === 'time') {
      input = el('input', 'wx-picker-input');
      input.type = o.mode;
      input.value = o.value ?? '';
      if (o.start) input.min = o.start;
      if (o.end) input.max = o.end;
      sheet.appendChild(input);
    } else {
      const list = el('div', 'wx-picker-list');
      (o.items ?? []).forEach((text, i) => {
        const item = el('div', `wx-picker-item${i === selected ? ' selected' : ''}`, text);
        item.addEventListener('click', () => {
          selected = i;
          list.querySelectorAll('.selected').forEach((n) => n.classList.remove('selected'));
          item.classList.add('selected');
        });
        list.appendChild(item);
      });
      sheet.appendChild(list);
    }
    cancel.addEventListener('click', () => done(null));
    ok.addEventListener('click', () => done(input ? input.value : selected));
    mask.appendChild(sheet);
  });
}
