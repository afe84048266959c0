// Admin home: three counts (employees, active groups, messages today) and the back-office entries.
import type { AdminStats } from '../../../typings/api';
import { call } from '../../services/cloud';
import { initialLoadState, loadGuarded } from '../shared/guard';

Component({
  data: {
    ...initialLoadState,
    stats: null as AdminStats | null,
    entries: [
      {
        title: '群聊管理',
        label: '查看、禁用、删除群聊，导出聊天记录',
        url: '/admin/groups/index',
        icon: 'chat-o',
      },
      {
        title: '员工名册',
        label: '导入名册、离职、设置管理员',
        url: '/admin/roster/index',
        icon: 'friends-o',
      },
      {
        title: '组织架构',
        label: '新建、重命名、移动、排序、删除部门',
        url: '/admin/departments/index',
        icon: 'cluster-o',
      },
      {
        title: '群聊设置',
        label: '发起群聊权限、使用范围、成员上限',
        url: '/admin/settings/index',
        icon: 'setting-o',
      },
      { title: '操作日志', label: '管理员和群主的每一次操作', url: '/admin/audit/index', icon: 'records' },
    ],
  },
  methods: {
    onLoad() {
      return this.load();
    },
    load() {
      return loadGuarded(this, async () => ({ stats: await call('admin', 'stats') }));
    },
    onPullDownRefresh() {
      return this.load().then(() => wx.stopPullDownRefresh());
    },
    onRetry() {
      return this.load();
    },
  },
});
