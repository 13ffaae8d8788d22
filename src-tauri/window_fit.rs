//! The window fits the screen it opens on. Its default size (1200×780) is taller than the free
//! area of a 1366×768 laptop, the most common at a shop's counter, which hid the list's last
//! rows and the shortcut bar below the taskbar.

use tauri::{PhysicalPosition, PhysicalRect, PhysicalSize, Runtime, Window};

/// Where and how large (inner size) the window must be to fit `area`, the screen's free area,
/// given its current outer size and the frame the window manager draws around it; `None` when
/// it fits as it is.
pub fn fitted(
    outer: PhysicalSize<u32>,
    frame: PhysicalSize<u32>,
    area: PhysicalRect<i32, u32>,
) -> Option<(PhysicalPosition<i32>, PhysicalSize<u32>)> {
    if outer.width <= area.size.width && outer.height <= area.size.height {
        return None;
    }
    let width = outer.width.min(area.size.width);
    let height = outer.height.min(area.size.height);
    let inner = PhysicalSize::new(
        width.saturating_sub(frame.width),
        height.saturating_sub(frame.height),
    );
    let x = area.position.x + (area.size.width - width) as i32 / 2;
    let y = area.position.y + (area.size.height - height) as i32 / 2;
    Some((PhysicalPosition::new(x, y), inner))
}

/// Shrinks the window into the free area of its screen when it does not fit, and maximizes
/// it there: a window that fills a small laptop screen is what a cashier would make of it.
/// Called once its page has loaded: before it is shown, the window has no size yet (0×0).
pub fn fit_to_screen<R: Runtime>(window: &Window<R>) -> tauri::Result<()> {
    let Some(monitor) = window.current_monitor()? else {
        return Ok(());
    };
    let (outer, inner) = (window.outer_size()?, window.inner_size()?);
    let frame = PhysicalSize::new(
        outer.width.saturating_sub(inner.width),
        outer.height.saturating_sub(inner.height),
    );
    if let Some((position, size)) = fitted(outer, frame, *monitor.work_area()) {
        log::info!(
            "the window ({}×{}) is larger than the screen's free area: fitted to {}×{}",
            outer.width,
            outer.height,
            size.width,
            size.height
        );
        window.set_size(size)?;
        window.set_position(position)?;
        window.maximize()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn area(x: i32, y: i32, width: u32, height: u32) -> PhysicalRect<i32, u32> {
        PhysicalRect {
            position: PhysicalPosition::new(x, y),
            size: PhysicalSize::new(width, height),
        }
    }

    #[test]
    fn a_window_that_fits_stays_as_it_is() {
        let fits = fitted(
            PhysicalSize::new(1200, 780),
            PhysicalSize::new(0, 37),
            area(0, 0, 1920, 1040),
        );
        assert_eq!(fits, None);
    }

    #[test]
    fn a_window_taller_than_a_laptop_screen_is_fitted_into_its_free_area() {
        // 1366×768 with a 40 px taskbar at the bottom, and a 37 px title bar.
        let (position, inner) = fitted(
            PhysicalSize::new(1200, 817),
            PhysicalSize::new(0, 37),
            area(0, 0, 1366, 728),
        )
        .expect("does not fit");
        assert_eq!(inner, PhysicalSize::new(1200, 728 - 37));
        assert_eq!(position, PhysicalPosition::new(83, 0));
    }

    #[test]
    fn a_window_wider_and_taller_than_the_screen_takes_all_of_it() {
        let (position, inner) = fitted(
            PhysicalSize::new(1200, 780),
            PhysicalSize::new(0, 0),
            area(0, 27, 800, 573),
        )
        .expect("does not fit");
        assert_eq!(inner, PhysicalSize::new(800, 573));
        assert_eq!(position, PhysicalPosition::new(0, 27));
    }
}
