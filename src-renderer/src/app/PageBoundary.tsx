// A page that fails while rendering shows what went wrong in its place; the menu, the header and every other
// page keep working (without this, one thrown query blanks the whole window).
import { Component, type ReactNode } from 'react';
import { Button, Result } from 'antd';
import { i18n } from '@renderer/ui/i18n';

export class PageBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error) {
    console.error('page failed', error);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <Result
        status="error"
        title={i18n.t('errors.internal')}
        subTitle={this.state.error.message}
        data-testid="page-error"
        extra={<Button onClick={() => this.setState({ error: null })}>{i18n.t('actions.retry')}</Button>}
      />
    );
  }
}
