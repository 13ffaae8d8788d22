//! The table `desk_settings`: how this desk shows things (region, theme), one row.

use crate::{Result, Store};
use infora_domain::{DeskSettings, Region, Theme};
use sqlx::Row;

impl Store {
    /// The desk's settings. A value this version does not know (written by a later one) reads
    /// as the default, so the desk still starts.
    pub async fn settings(&self) -> Result<DeskSettings> {
        let row = sqlx::query("SELECT region, theme FROM desk_settings WHERE id = 1")
            .fetch_one(&self.reader)
            .await?;
        let region: String = row.try_get("region")?;
        let theme: String = row.try_get("theme")?;
        Ok(DeskSettings {
            region: Region::parse(&region).unwrap_or_else(|_| {
                tracing::warn!("unknown region {region:?} in the settings: using the default");
                Region::default()
            }),
            theme: Theme::parse(&theme).unwrap_or_else(|_| {
                tracing::warn!("unknown theme {theme:?} in the settings: using the default");
                Theme::default()
            }),
        })
    }

    /// Replaces the desk's settings, and returns them as stored.
    pub async fn save_settings(&self, settings: DeskSettings) -> Result<DeskSettings> {
        sqlx::query("UPDATE desk_settings SET region = ?, theme = ? WHERE id = 1")
            .bind(settings.region.tag())
            .bind(settings.theme.as_str())
            .execute(&self.writer)
            .await?;
        self.settings().await
    }
}

#[cfg(test)]
mod tests {
    use crate::Store;
    use infora_domain::{DeskSettings, Region, Theme};

    #[tokio::test]
    async fn a_new_store_is_in_kenya_with_the_system_theme_and_keeps_what_is_saved() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("desk.db");
        let store = Store::open(&path).await.expect("opens");
        assert_eq!(
            store.settings().await.expect("reads"),
            DeskSettings::default()
        );

        let chosen = DeskSettings {
            region: Region::UnitedStates,
            theme: Theme::Dark,
        };
        assert_eq!(store.save_settings(chosen).await.expect("saves"), chosen);
        store.close().await;
        let reopened = Store::open(&path).await.expect("reopens");
        assert_eq!(reopened.settings().await.expect("reads"), chosen);
    }

    #[tokio::test]
    async fn a_value_from_a_later_version_reads_as_the_default() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(dir.path().join("desk.db"))
            .await
            .expect("opens");
        sqlx::query("UPDATE desk_settings SET region = 'sw-KE', theme = 'sepia'")
            .execute(&store.writer)
            .await
            .expect("writes");
        assert_eq!(
            store.settings().await.expect("reads"),
            DeskSettings::default()
        );
    }
}
