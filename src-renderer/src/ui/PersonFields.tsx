// The name / e-mail / employee number fields shared by first-run and the people form.
import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';

export function PersonFields() {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name="name" label={t('fields.name')} rules={[{ required: true, whitespace: true, message: t('errors.required') }]}>
        <Input autoFocus data-testid="field-name" />
      </Form.Item>
      <Form.Item name="email" label={t('fields.email')} rules={[{ required: true, type: 'email', message: t('errors.email') }]}>
        <Input data-testid="field-email" />
      </Form.Item>
      <Form.Item name="employeeNo" label={t('fields.employeeNo')} rules={[{ required: true, whitespace: true, message: t('errors.required') }]}>
        <Input data-testid="field-employeeNo" />
      </Form.Item>
    </>
  );
}

export function PasswordFields({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name="password" label={label ?? t('fields.password')} rules={[{ required: true, min: 8, message: t('errors.passwordShort', { min: 8 }) }]}>
        <Input.Password data-testid="field-password" />
      </Form.Item>
      <Form.Item
        name="passwordAgain"
        label={t('fields.passwordAgain')}
        dependencies={['password']}
        rules={[
          { required: true, message: t('errors.required') },
          ({ getFieldValue }) => ({
            validator: (_r, v) => (v === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error(t('errors.passwordMismatch')))),
          }),
        ]}
      >
        <Input.Password data-testid="field-passwordAgain" />
      </Form.Item>
    </>
  );
}
