// Placeholder screen until the customer UI lands: shows the store's customer count, proving the
// window talks to the local store.
window.__TAURI__.core
  .invoke("customer_stats")
  .then((stats) => {
    document.getElementById("total").textContent = new Intl.NumberFormat().format(stats.total);
  })
  .catch((error) => {
    document.getElementById("total").textContent = "—";
    document.getElementById("error").textContent = error.message ?? String(error);
  });
