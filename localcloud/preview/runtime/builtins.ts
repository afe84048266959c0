// WeChat's built-in components made real. miniprogram-simulate registers them as empty `<slot/>`
// shells; here each gets a native element (input, textarea, img…) inside its host and fires the
// events WeChat fires, with WeChat's detail shapes ({ value }, { scrollTop… }, { code }).
import { showPickerSheet } from './ui';
import { resolveCloudUrl } from './cloudFiles';

/* eslint-disable @typescript-eslint/no-explicit-any -- j-component's component `this` is untyped */
type Caller = any;
const jComponent = require('j-component') as { register(def: Record<string, unknown>): string };
/* eslint-enable @typescript-eslint/no-explicit-any */

export interface BuiltinHooks {
  /** Emulated phone-number authorization: a code the local cloud will accept once. */
  phoneCode(): Promise<string>;
  navigate(openType: string, url: string, delta: number): void;
}

type WxDom = HTMLElement & { __wxElement?: Caller };
const exparser = require('miniprogram-exparser') as { Element: { getMethodCaller(node: unknown): Caller } };
const callerOf = (dom: WxDom): Caller =>
  dom.__wxElement ? exparser.Element.getMethodCaller(dom.__wxElement) : null;

/** vant's illustrations come from a CDN that is unreachable offline: a local stand-in. */
const offlineSrc = (src: string): string =>
  /^https:\/\/img\.yzcdn\.cn\/vant\/(empty-image|share-sheet)-/.test(src) ? '/preview/assets/empty.svg' : src;

const host = (self: Caller): HTMLElement => self._exparserNode.$$ as HTMLElement;
/** The native element a built-in keeps inside its host (created on first use). */
function native<K extends keyof HTMLElementTagNameMap>(self: Caller, tag: K): HTMLElementTagNameMap[K] {
  if (!self.__native) {
    self.__native = document.createElement(tag);
    host(self).appendChild(self.__native);
  }
  return self.__native;
}

function register(id: string, def: Record<string, unknown>): void {
  jComponent.register({ id, tagName: `wx-${id}`, template: '<slot/>', ...def });
}

/** Auto-height textareas that were hidden when last measured; measured when they appear. */
const unmeasured = new Set<HTMLTextAreaElement>();
const shownObserver = new ResizeObserver((entries) => {
  for (const { target } of entries) {
    const t = target as HTMLTextAreaElement;
    if (!unmeasured.has(t) || !t.getClientRects().length) continue;
    unmeasured.delete(t);
    shownObserver.unobserve(t);
    autoHeight(t);
  }
});

/** auto-height: the box follows its lines, within the host's own min/max-height. */
function autoHeight(t: HTMLTextAreaElement): void {
  // Hidden (a closed popup renders with display:none): there is nothing to measure, and a
  // scrollHeight of 0 would pin the box at 0 px. Measure again once it is laid out.
  if (!t.getClientRects().length) {
    t.style.height = '';
    unmeasured.add(t);
    shownObserver.observe(t);
    return;
  }
  const h = t.parentElement as HTMLElement;
  const cs = getComputedStyle(h);
  const pad = parseFloat(cs.paddingTop) + parseFloat(cs.paddingBottom);
  const max = cs.maxHeight === 'none' ? Infinity : parseFloat(cs.maxHeight) - pad;
  t.rows = 1;
  t.style.height = '0px';
  const content = t.scrollHeight;
  t.style.height = `${Math.min(content, max)}px`;
  t.style.overflowY = content > max ? 'auto' : 'hidden';
}

function textField(tag: 'input' | 'textarea') {
  const sync = (self: Caller) => {
    const d = self.data;
    const field = native(self, tag) as HTMLInputElement | HTMLTextAreaElement;
    const value = d.value == null ? '' : String(d.value);
    if (field.value !== value) field.value = value;
    field.placeholder = d.placeholder ?? '';
    field.disabled = !!d.disabled;
    if (field instanceof HTMLInputElement) {
      field.type = d.password ? 'password' : d.type === 'number' || d.type === 'digit' ? 'text' : 'text';
      if (d.type === 'number' || d.type === 'digit' || d.type === 'idcard')
        field.inputMode = d.type === 'digit' ? 'decimal' : 'numeric';
    }
    const max = Number(d.maxlength);
    if (max > 0) field.maxLength = max;
    else field.removeAttribute('maxlength');
    if (d.placeholderStyle) host(self).style.setProperty('--placeholder-style', d.placeholderStyle);
    host(self).toggleAttribute('data-auto-height', !!d.autoHeight);
    if (tag === 'textarea' && d.autoHeight) autoHeight(field as HTMLTextAreaElement);
    if ((d.focus || d.autoFocus) && !self.__focused) {
      self.__focused = true;
      setTimeout(() => field.focus(), 0);
    }
  };
  return {
    properties: {
      value: { type: null, value: '' },
      placeholder: { type: String, value: '' },
      placeholderStyle: { type: String, value: '' },
      placeholderClass: { type: String, value: '' },
      disabled: { type: Boolean, value: false },
      maxlength: { type: Number, value: 140 },
      focus: { type: Boolean, value: false },
      autoFocus: { type: Boolean, value: false },
      password: { type: Boolean, value: false },
      type: { type: String, value: 'text' },
      confirmType: { type: String, value: tag === 'input' ? 'done' : 'return' },
      confirmHold: { type: Boolean, value: false },
      autoHeight: { type: Boolean, value: false },
      cursorSpacing: { type: null, value: 0 },
      adjustPosition: { type: Boolean, value: true },
      holdKeyboard: { type: Boolean, value: false },
      showConfirmBar: { type: Boolean, value: true },
      fixed: { type: Boolean, value: false },
      disableDefaultPadding: { type: Boolean, value: false },
      alwaysEmbed: { type: Boolean, value: false },
    },
    observers: {
      'value, placeholder, disabled, maxlength, focus, password, type, autoHeight'(this: Caller) {
        if (this.__native) sync(this);
      },
    },
    lifetimes: {
      attached(this: Caller) {
        const field = native(this, tag) as HTMLInputElement | HTMLTextAreaElement;
        field.className = `wx-native-${tag}`;
        field.addEventListener('input', () => {
          if (tag === 'textarea' && this.data.autoHeight) autoHeight(field as HTMLTextAreaElement);
          this.triggerEvent('input', {
            value: field.value,
            cursor: field.selectionStart ?? field.value.length,
            keyCode: 0,
          });
        });
        field.addEventListener('focus', () => this.triggerEvent('focus', { value: field.value, height: 0 }));
        field.addEventListener('blur', () =>
          this.triggerEvent('blur', { value: field.value, cursor: field.value.length }),
        );
        field.addEventListener('keydown', (e) => {
          const ke = e as KeyboardEvent;
          if (ke.key !== 'Enter' || ke.isComposing) return;
          // A textarea's Enter is a new line unless its keyboard shows send/done/search/go/next.
          if (tag === 'textarea' && (this.data.confirmType === 'return' || ke.shiftKey)) return;
          e.preventDefault();
          this.triggerEvent('confirm', { value: field.value });
          if (!this.data.confirmHold && tag === 'input') field.blur();
        });
        sync(this);
      },
    },
  };
}

export function registerBuiltins(hooks: BuiltinHooks): void {
  register('input', { ...textField('input') });
  register('textarea', { ...textField('textarea') });

  register('image', {
    properties: {
      src: { type: String, value: '' },
      mode: { type: String, value: 'scaleToFill' },
      lazyLoad: { type: Boolean, value: false },
      showMenuByLongpress: { type: Boolean, value: false },
      webp: { type: Boolean, value: false },
    },
    observers: {
      'src, mode'(this: Caller) {
        const img = native(this, 'img');
        const { src, mode } = this.data;
        const fit: Record<string, string> = {
          scaleToFill: 'fill',
          aspectFit: 'contain',
          aspectFill: 'cover',
          widthFix: 'fill',
          heightFix: 'fill',
        };
        img.style.objectFit = fit[mode] ?? 'none';
        host(this).setAttribute('data-mode', mode);
        if (src) {
          void resolveCloudUrl(offlineSrc(src)).then((url) => {
            // A later src may have replaced this one while its temp URL was resolving.
            if (this.data.src === src && url) img.src = url;
          });
        } else img.removeAttribute('src');
        img.style.visibility = src ? 'visible' : 'hidden';
      },
    },
    lifetimes: {
      attached(this: Caller) {
        const img = native(this, 'img');
        img.draggable = false;
        img.addEventListener('load', () =>
          this.triggerEvent('load', { width: img.naturalWidth, height: img.naturalHeight }),
        );
        img.addEventListener('error', () => this.triggerEvent('error', { errMsg: 'GET image error' }));
      },
    },
  });

  register('scroll-view', {
    properties: {
      scrollX: { type: Boolean, value: false },
      scrollY: { type: Boolean, value: false },
      upperThreshold: { type: Number, value: 50 },
      lowerThreshold: { type: Number, value: 50 },
      scrollTop: { type: null, value: '' },
      scrollLeft: { type: null, value: '' },
      scrollIntoView: { type: String, value: '' },
      scrollWithAnimation: { type: Boolean, value: false },
      enableBackToTop: { type: Boolean, value: false },
      enhanced: { type: Boolean, value: false },
      showScrollbar: { type: Boolean, value: true },
      refresherEnabled: { type: Boolean, value: false },
      refresherTriggered: { type: Boolean, value: false },
    },
    observers: {
      'scrollX, scrollY'(this: Caller) {
        const h = host(this);
        h.style.overflowX = this.data.scrollX ? 'auto' : 'hidden';
        h.style.overflowY = this.data.scrollY ? 'auto' : 'hidden';
      },
      scrollTop(this: Caller, v: unknown) {
        if (v === '' || v == null) return;
        const top = typeof v === 'number' ? v : parseFloat(String(v));
        if (!Number.isNaN(top))
          setTimeout(
            () => host(this).scrollTo({ top, behavior: this.data.scrollWithAnimation ? 'smooth' : 'auto' }),
            0,
          );
      },
      scrollLeft(this: Caller, v: unknown) {
        if (v === '' || v == null) return;
        const left = Number(v);
        if (!Number.isNaN(left)) setTimeout(() => host(this).scrollTo({ left }), 0);
      },
      scrollIntoView(this: Caller, id: string) {
        if (!id) return;
        // Ids are not written to the DOM: find the node in the owner's exparser tree.
        setTimeout(() => {
          const node = this._exparserNode.ownerShadowRoot?.querySelector(`#${id}`);
          const target = node?.$$ as HTMLElement | undefined;
          if (!target) return;
          const h = host(this);
          const top = target.getBoundingClientRect().top - h.getBoundingClientRect().top + h.scrollTop;
          h.scrollTo({ top, behavior: this.data.scrollWithAnimation ? 'smooth' : 'auto' });
        }, 0);
      },
    },
    lifetimes: {
      attached(this: Caller) {
        const h = host(this);
        let last = { top: h.scrollTop, left: h.scrollLeft };
        let atUpper = true;
        let atLower = false;
        h.addEventListener(
          'scroll',
          () => {
            const d = this.data;
            const detail = {
              scrollTop: h.scrollTop,
              scrollLeft: h.scrollLeft,
              scrollHeight: h.scrollHeight,
              scrollWidth: h.scrollWidth,
              deltaX: h.scrollLeft - last.left,
              deltaY: h.scrollTop - last.top,
            };
            last = { top: h.scrollTop, left: h.scrollLeft };
            this.triggerEvent('scroll', detail);
            const upper = d.scrollY ? h.scrollTop <= d.upperThreshold : h.scrollLeft <= d.upperThreshold;
            const lower = d.scrollY
              ? h.scrollTop + h.clientHeight >= h.scrollHeight - d.lowerThreshold
              : h.scrollLeft + h.clientWidth >= h.scrollWidth - d.lowerThreshold;
            // Edge-triggered, as WeChat fires them once per arrival.
            if (upper && !atUpper)
              this.triggerEvent('scrolltoupper', { direction: d.scrollY ? 'top' : 'left' });
            if (lower && !atLower)
              this.triggerEvent('scrolltolower', { direction: d.scrollY ? 'bottom' : 'right' });
            atUpper = upper;
            atLower = lower;
          },
          { passive: true },
        );
      },
    },
  });

  register('button', {
    properties: {
      size: { type: String, value: 'default' },
      type: { type: String, value: 'default' },
      plain: { type: Boolean, value: false },
      disabled: { type: Boolean, value: false },
      loading: { type: Boolean, value: false },
      formType: { type: String, value: '' },
      openType: { type: String, value: '' },
      hoverClass: { type: String, value: 'button-hover' },
      lang: { type: String, value: 'en' },
      phoneNumberNoQuotaToast: { type: Boolean, value: true },
    },
    observers: {
      'type, size, plain, disabled'(this: Caller) {
        const h = host(this);
        h.setAttribute('data-type', this.data.type);
        h.setAttribute('data-size', this.data.size);
        h.toggleAttribute('data-plain', !!this.data.plain);
        h.toggleAttribute('data-disabled', !!this.data.disabled);
      },
    },
    lifetimes: {
      attached(this: Caller) {
        this._exparserNode.addListener('tap', () => {
          if (this.data.disabled) return;
          const open = this.data.openType;
          if (open === 'getPhoneNumber' || open === 'getRealtimePhoneNumber') {
            const name = open === 'getPhoneNumber' ? 'getphonenumber' : 'getrealtimephonenumber';
            hooks
              .phoneCode()
              .then((code) => this.triggerEvent(name, { errMsg: `${open}:ok`, code }))
              .catch((e: Error) => this.triggerEvent(name, { errMsg: `${open}:fail ${e.message}` }));
          }
        });
      },
    },
  });

  register('picker', {
    properties: {
      mode: { type: String, value: 'selector' },
      range: { type: Array, value: [] },
      rangeKey: { type: String, value: '' },
      value: { type: null, value: 0 },
      start: { type: String, value: '' },
      end: { type: String, value: '' },
      fields: { type: String, value: 'day' },
      disabled: { type: Boolean, value: false },
      headerText: { type: String, value: '' },
    },
    lifetimes: {
      attached(this: Caller) {
        this._exparserNode.addListener('tap', () => {
          const d = this.data;
          if (d.disabled) return;
          const items = (d.range as unknown[]).map((r) =>
            d.rangeKey && r && typeof r === 'object'
              ? String((r as Record<string, unknown>)[d.rangeKey])
              : String(r),
          );
          void showPickerSheet({
            mode: d.mode,
            items,
            index: Number(d.value) || 0,
            value: typeof d.value === 'string' ? d.value : '',
            start: d.start,
            end: d.end,
          }).then((v) =>
            v === null ? this.triggerEvent('cancel', {}) : this.triggerEvent('change', { value: v }),
          );
        });
      },
    },
  });

  register('switch', {
    properties: {
      checked: { type: Boolean, value: false },
      disabled: { type: Boolean, value: false },
      type: { type: String, value: 'switch' },
      color: { type: String, value: '#04BE02' },
    },
    observers: {
      'checked, disabled, type, color'(this: Caller) {
        const h = host(this);
        const box = native(this, 'span');
        box.className = this.data.type === 'checkbox' ? 'wx-switch-checkbox' : 'wx-switch-track';
        h.toggleAttribute('data-checked', !!this.data.checked);
        h.toggleAttribute('data-disabled', !!this.data.disabled);
        box.style.setProperty('--on-color', this.data.color);
      },
    },
    lifetimes: {
      attached(this: Caller) {
        this._exparserNode.addListener('tap', () => {
          if (this.data.disabled) return;
          this.setData({ checked: !this.data.checked });
          this.triggerEvent('change', { value: this.data.checked });
        });
      },
    },
  });

  // checkbox / radio with their groups: the group collects the checked values of its children.
  const choice = (kind: 'checkbox' | 'radio') => {
    register(kind, {
      properties: {
        value: { type: String, value: '' },
        checked: { type: Boolean, value: false },
        disabled: { type: Boolean, value: false },
        color: { type: String, value: '#09BB07' },
      },
      observers: {
        'checked, disabled'(this: Caller) {
          const box = native(this, 'span');
          box.className = `wx-${kind}-input`;
          if (box.parentNode !== host(this) || host(this).firstChild !== box)
            host(this).insertBefore(box, host(this).firstChild);
          host(this).toggleAttribute('data-checked', !!this.data.checked);
          host(this).toggleAttribute('data-disabled', !!this.data.disabled);
        },
      },
      lifetimes: {
        attached(this: Caller) {
          this._exparserNode.addListener('tap', () => {
            if (this.data.disabled) return;
            const groupDom = host(this).closest(`wx-${kind}-group`) as WxDom | null;
            if (kind === 'radio' && groupDom) {
              groupDom.querySelectorAll('wx-radio').forEach((r) => {
                const other = callerOf(r as WxDom);
                if (other && other !== this) other.setData({ checked: false });
              });
              this.setData({ checked: true });
            } else this.setData({ checked: !this.data.checked });
            const group = groupDom?.__wxElement;
            if (!groupDom || !group) return;
            const values = Array.from(groupDom.querySelectorAll(`wx-${kind}[data-checked]`)).map((n) =>
              String(callerOf(n as WxDom)?.data?.value ?? ''),
            );
            group.triggerEvent('change', { value: kind === 'radio' ? (values[0] ?? '') : values });
          });
        },
      },
    });
    register(`${kind}-group`, { properties: { name: { type: String, value: '' } } });
  };
  choice('checkbox');
  choice('radio');

  register('navigator', {
    properties: {
      url: { type: String, value: '' },
      openType: { type: String, value: 'navigate' },
      delta: { type: Number, value: 1 },
      hoverClass: { type: String, value: 'navigator-hover' },
    },
    lifetimes: {
      attached(this: Caller) {
        this._exparserNode.addListener('tap', () =>
          hooks.navigate(this.data.openType, this.data.url, this.data.delta),
        );
      },
    },
  });

  register('rich-text', {
    properties: { nodes: { type: null, value: '' }, space: { type: String, value: '' } },
    observers: {
      nodes(this: Caller, nodes: unknown) {
        // Only the string form is supported; it is the page's own markup, shown as WeChat would.
        native(this, 'span').innerHTML = typeof nodes === 'string' ? nodes : '';
      },
    },
  });

  register('icon', {
    properties: {
      type: { type: String, value: '' },
      size: { type: null, value: 23 },
      color: { type: String, value: '' },
    },
    observers: {
      'type, size, color'(this: Caller) {
        const glyphs: Record<string, string> = {
          success: '✓',
          success_no_circle: '✓',
          info: 'i',
          warn: '!',
          waiting: '…',
          cancel: '×',
          download: '↓',
          search: '⌕',
          clear: '×',
        };
        const span = native(this, 'span');
        span.textContent = glyphs[this.data.type] ?? '';
        span.style.fontSize = `${Number(this.data.size) || 23}px`;
        if (this.data.color) span.style.color = this.data.color;
        host(this).setAttribute('data-type', this.data.type);
      },
    },
  });
}
