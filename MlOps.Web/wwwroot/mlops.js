// Small page helpers Blazor calls through IJSRuntime.
window.mlops = {
    // After a refused save: bring the first field marked in error into view and put the cursor in it; the summary
    // at the top of the form when no field is marked.
    showFirstError: () => {
        const field = document.querySelector('.mud-input-error');
        const target = field ?? document.querySelector('[data-testid=form-problems]');
        if (!target) return;
        target.scrollIntoView({ block: 'center' });
        field?.querySelector('input, textarea')?.focus({ preventScroll: true });
    },
};
