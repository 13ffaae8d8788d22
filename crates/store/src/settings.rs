//! The table `desk_settings`: how this desk shows things and behaves (region, theme, the shop's
//! name, the idle lock), one row.

use crate::{Result, Store};
use infora_domain::{DeskSettings, Operator, Region, ShopName, SupervisorOnly, Theme};
use sqlx::Row;

impl Store {
    /// The desk's settings. A value this version does not know (written by a later one) reads
    /// as the default, so the desk still starts.
    pub async fn settings(&self) -> Result<DeskSettings> {
        let row = sqlx::query(
            "SELECT region, theme, shop_name, idle_lock_minutes FROM desk_settings WHERE id = 1",
        )
        .fetch_one(&self.reader)
        .await?;
        let region: String = row.try_get("region")?;
        let theme: String = row.try_get("theme")?;
        let shop_name: String = row.try_get("shop_name")?;
        let idle: Option<i64> = row.try_get("idle_lock_minutes")?;
        Ok(DeskSettings {
            region: Region::parse(&region).unwrap_or_else(|_| {
                tracing::warn!("unknown region {region:?} in the settings: using the default");
                Region::default()
            }),
            theme: Theme::parse(&theme).unwrap_or_else(|_| {
                tracing::warn!("unknown theme {theme:?} in the settings: using the default");
                Theme::default()
            }),
            shop_name: ShopName::parse(&shop_name).unwrap_or_else(|_| {
                tracing::warn!("unusable shop name in the settings: using the default");
                ShopName::default()
            }),
            idle_lock_minutes: idle
                .and_then(|m| u16::try_from(m).ok())
                .filter(|m| DeskSettings::IDLE_LOCK_MINUTES.contains(m)),
        })
    }

    /// Replaces the desk's settings, and returns them as stored. Only a supervisor may.
    pub async fn save_settings(
        &self,
        by: &Operator,
        settings: &DeskSettings,
    ) -> Result<DeskSettings> {
        by.may(SupervisorOnly::ChangeDeskSettings)?;
        sqlx::query(
            "UPDATE desk_settings SET region = ?, theme = ?, shop_name = ?, idle_lock_minutes = ? \
             WHERE id = 1",
        )
        .bind(settings.region.tag())
        .bind(settings.theme.as_str())
        .bind(settings.shop_name.as_str())
        .bind(settings.idle_lock_minutes)
        .execute(&self.writer)
        .await?;
        self.settings().await
    }
}

#[cfg(test)]
mod tests {
    use crate::Store;
    use infora_domain::{
        DeskSettings, Operator, OperatorId, OperatorName, Region, Role, ShopName, Theme,
    };

    fn operator(role: Role) -> Operator {
        Operator {
            id: OperatorId::new(),
            name: OperatorName::parse("Sam Supervisor").expect("a name"),
            role,
        }
    }

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
            shop_name: ShopName::parse("Mama Njeri WiFi").expect("a name"),
            idle_lock_minutes: Some(10),
        };
        let supervisor = operator(Role::Supervisor);
        assert_eq!(
            store
                .save_settings(&supervisor, &chosen)
                .await
                .expect("saves"),
            chosen
        );
        store.close().await;
        let reopened = Store::open(&path).await.expect("reopens");
        assert_eq!(reopened.settings().await.expect("reads"), chosen);
    }

    #[tokio::test]
    async fn a_cashier_cannot_change_the_settings_and_nothing_changes() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(dir.path().join("desk.db"))
            .await
            .expect("opens");
        let wanted = DeskSettings {
            idle_lock_minutes: Some(5),
            ..DeskSettings::default()
        };
        let refused = store
            .save_settings(&operator(Role::Cashier), &wanted)
            .await
            .expect_err("only a supervisor may");
        assert_eq!(refused.code(), crate::ErrorCode::Forbidden);
        assert_eq!(
            refused.to_string(),
            "Only a supervisor can change the desk's settings."
        );
        assert_eq!(
            store.settings().await.expect("reads"),
            DeskSettings::default(),
            "nothing was saved"
        );
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
