import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The server settings PostgreSQL's own maintenance depends on, as `current_setting()` gives them. */
export interface MaintenanceSettings {
  autovacuum: string;
  track_counts: string;
}

/**
 * What an operator should hear about the server's maintenance, or null when all is well.
 *
 * Every change of a plan leaves the row's old version behind in the plans table and an entry in
 * each of its indexes; autovacuum clears them and keeps the planner's statistics current. With it
 * off (or with `track_counts` off, without which it never learns what to clear), the tables and
 * their indexes grow with every change and every change gets slower; the benchmark measured a
 * database that was not vacuumed lose two thirds of its rate within minutes of load (decision 0028, session 23).
 */
export function maintenanceWarning(settings: MaintenanceSettings): string | null {
  if (settings.autovacuum === 'off')
    return "PostgreSQL's autovacuum is off: nothing clears the old row versions each change leaves, so the plans table and its indexes grow and every change gets slower. Turn autovacuum on in the server's configuration, or run VACUUM (ANALYZE) on this database regularly.";
  if (settings.track_counts === 'off')
    return "PostgreSQL's track_counts is off: autovacuum cannot tell which tables need it, so the old row versions each change leaves are never cleared. Turn track_counts on in the server's configuration.";
  return null;
}

/** At startup on PostgreSQL: a warning in the log when the server does not maintain this database's tables by itself. */
@Injectable()
export class PostgresMaintenanceCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger('PostgreSQL');

  constructor(private readonly dataSource: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.dataSource.options.type !== 'postgres') return;
    let settings: MaintenanceSettings;
    try {
      [settings] = await this.dataSource.query<MaintenanceSettings[]>(
        "SELECT current_setting('autovacuum') AS autovacuum, current_setting('track_counts') AS track_counts",
      );
    } catch {
      // Advice only: a database that does not answer is the readiness check's to report.
      return;
    }
    const warning = maintenanceWarning(settings);
    if (warning) this.logger.warn(warning);
  }
}
