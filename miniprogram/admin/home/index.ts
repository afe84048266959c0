// Admin home: three counts (employees, active groups, messages today), the back-office entries,
// long work in progress (jobs: offboardings, imports, deletions, exports) and the repair run an
// admin can start after an outage, with what it did.
import type { AdminStats, Job } from '../../../typings/api';
import { call, errorMessage } from '../../services/cloud';
import { initialLoadState, loadGuarded } from '../shared/guard';
import { jobRow, type JobRow } from '../shared/jobs';

Component({
  data: {
    ...initialLoadState,
    stats: null as AdminStats | null,
    jobs: [] as JobRow[],
    repairing: false,
    /** Lines of the last repair run's report ("完成被中断的离职：2"), or one line saying nothing was left. */
    repairReport: [] as string[],
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
      return loadGuarded(this, async () => {
        const [stats, jobs] = await Promise.all([call('admin', 'stats'), call('admin', 'jobs')]);
        return { stats, jobs: jobs.items.map((j: Job) => jobRow(j)) };
      });
    },
    async runRepair() {
      if (this.data.repairing) return;
      this.setData({ repairing: true, repairReport: [] });
      try {
        const report = await call('admin', 'runMaintenance');
        const done = report.repairs.filter((r) => r.repaired > 0).map((r) => `${r.label}：${r.repaired}`);
        const lines = done.length ? done : ['没有需要修复的内容'];
        if (report.more) lines.push('还有未处理完的内容，将在下次自动修复时继续');
        const jobs = await call('admin', 'jobs');
        this.setData({ repairing: false, repairReport: lines, jobs: jobs.items.map((j: Job) => jobRow(j)) });
      } catch (e) {
        this.setData({ repairing: false, repairReport: [errorMessage(e)] });
      }
    },
    onPullDownRefresh() {
      return this.load().then(() => wx.stopPullDownRefresh());
    },
    onRetry() {
      return this.load();
    },
  },
});
